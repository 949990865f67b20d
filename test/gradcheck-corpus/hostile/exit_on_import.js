console.log('about to exit');
process.exit(4);

exports.mseLoss = (p, y) => 0;
