export default { title: 'kfn' }
